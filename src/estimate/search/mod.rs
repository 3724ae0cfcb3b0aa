//! The hyperparameter search: a seeded multi-objective DE per trial, run in chunks the caller
//! drives, then the Pareto-optimal models and one recommended model.
//!
//! Shape (after argmin): the *problem* ([`MmmProblem`]) scores a point of the unit cube; the
//! *solver* ([`de::MoDe`]) proposes the next point; [`Search::step`] is the loop. Trials are
//! independent runs (trial k draws from stream k of the seed's generator), so a browser can spread them over Web Workers
//! ([`Search::for_trials`]) and merge the results ([`SearchOutcome::merge`]) into exactly what
//! one [`Search`] over all trials gives.

pub mod budget;
pub mod de;
pub mod profile;
pub mod select;

use serde::{Deserialize, Serialize};

use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::estimate::ridge::{CandidateFit, Design, Scratch};
use crate::model::ModelSpec;

pub use budget::SearchWork;
pub use select::{Selection, SelectionRule, recommend};

/// Settings of a search.
///
/// | name        | default | range     | purpose                                                 |
/// |-------------|---------|-----------|---------------------------------------------------------|
/// | iterations  | 4000    | 10..=1e6  | candidate models per trial (Robyn: 2000)                |
/// | trials      | 5       | 1..=100   | independent runs (Robyn: 5)                             |
/// | seed        | 1       | any       | random generator; trial k uses its stream k             |
/// | holdout     | 0       | 0..=0.5   | share of the last periods held out; its NRMSE is the fit objective |
/// | population  | 0       | 0, or 5 to iterations | DE population; 0 picks dimensions + 1, within 12..=40   |
/// | scale_to_data | true  |           | cut trials and iterations for big data ([`budget`]): about 40 s of one core at most |
///
/// The default does twice Robyn's work (20,000 candidate models): measured on simulated data,
/// five runs of 4,000 with a small population land within 0.6 % of a 20,000-long run's best fit
/// and agree with each other three times more closely than five runs of 2,000.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchSettings {
    pub iterations: usize,
    pub trials: usize,
    pub seed: u64,
    pub holdout: f64,
    pub population: usize,
    /// Cut the trials and iterations when the data is big ([`SearchSettings::scaled_to`]); off
    /// when the iterations were asked for explicitly.
    pub scale_to_data: bool,
}

impl Default for SearchSettings {
    fn default() -> Self {
        SearchSettings {
            iterations: 4000,
            trials: 5,
            seed: 1,
            holdout: 0.0,
            population: 0,
            scale_to_data: true,
        }
    }
}

impl SearchSettings {
    /// Check the ranges in the table.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] naming the setting.
    pub fn check(&self) -> Result<()> {
        if !(10..=1_000_000).contains(&self.iterations) {
            return Err(Error::setting(
                "iterations",
                self.iterations,
                "use between 10 and 1,000,000 candidate models per trial",
            ));
        }
        if !(1..=100).contains(&self.trials) {
            return Err(Error::setting(
                "trials",
                self.trials,
                "use between 1 and 100 trials",
            ));
        }
        if self.population != 0 && !(5..=self.iterations).contains(&self.population) {
            return Err(Error::setting(
                "population",
                self.population,
                "use 0 (automatic), or from 5 up to the candidate models per trial (iterations)",
            ));
        }
        Ok(())
    }

    fn de_settings(&self, dim: usize) -> de::DeSettings {
        let population = if self.population > 0 {
            self.population
        } else {
            (dim + 1).clamp(12, 40).min((self.iterations / 5).max(5))
        };
        de::DeSettings {
            population,
            ..de::DeSettings::default()
        }
    }

    /// Total candidate models.
    pub fn total(&self) -> usize {
        self.iterations * self.trials
    }
}

/// One evaluated candidate model (its objectives and headline numbers, not its full results).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub trial: usize,
    pub iteration: usize,
    /// The point in the unit cube (maps to hyperparameters through the spec).
    pub unit: Vec<f64>,
    /// Fit error: holdout NRMSE if there is a holdout, else training NRMSE.
    pub nrmse: f64,
    /// The fit objective searched: NRMSE with the shape prior folded in.
    pub fit_score: f64,
    pub nrmse_train: f64,
    /// The shape prior's penalty, `−ln prior` up to a constant (0 without a prior), plus the
    /// lift tests' `−ln likelihood` (0 without tests): with
    /// `nrmse_train` it gives the training-rows likelihood score ([`select::likelihood_score`]).
    pub prior_penalty: f64,
    pub decomp_rssd: f64,
    /// ROI of each paid channel.
    pub roi: Vec<f64>,
}

impl Candidate {
    /// The objectives the search minimizes, lower is better.
    pub fn objectives(&self) -> [f64; 2] {
        [self.fit_score, self.decomp_rssd]
    }
}

/// A model description and a prepared design: scores points of the unit cube.
#[derive(Debug, Clone)]
pub struct MmmProblem {
    pub spec: ModelSpec,
    pub design: Design,
    scratch: Scratch,
}

impl MmmProblem {
    /// Prepare the problem.
    ///
    /// # Errors
    /// Spec/data mismatches, [`Error::TooFewRows`], invalid holdout.
    pub fn new(data: &Dataset, spec: &ModelSpec, holdout: f64) -> Result<Self> {
        Ok(Self::with_design(spec, Design::new(data, spec, holdout)?))
    }

    /// The problem on a design already built for `spec`.
    pub fn with_design(spec: &ModelSpec, design: Design) -> Self {
        MmmProblem {
            spec: spec.clone(),
            design,
            scratch: Scratch::default(),
        }
    }

    /// Number of dimensions searched.
    pub fn dim(&self) -> usize {
        self.spec.dim()
    }

    /// Fit the model at a point of the unit cube.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] or [`Error::Numerical`] for a point that cannot be fitted.
    pub fn fit_unit(&mut self, unit: &[f64]) -> Result<CandidateFit> {
        let hp = self.spec.from_unit(unit);
        self.design.fit(&self.spec, &hp, &mut self.scratch)
    }
}

/// The candidates of one finished (or partial) trial.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrialResult {
    pub trial: usize,
    pub candidates: Vec<Candidate>,
}

impl TrialResult {
    /// A compact, exact encoding as numbers (what crosses between Web Workers as one typed
    /// array): `[trial, count, dim, channels]` then per candidate `[iteration, nrmse, fit_score,
    /// nrmse_train, prior_penalty, decomp_rssd, unit.., roi..]` (a failed candidate's ROIs are
    /// NaN).
    pub fn encode(&self, out: &mut Vec<f64>) {
        let dim = self.candidates.first().map_or(0, |c| c.unit.len());
        let channels = self
            .candidates
            .iter()
            .map(|c| c.roi.len())
            .max()
            .unwrap_or(0);
        out.extend([
            self.trial as f64,
            self.candidates.len() as f64,
            dim as f64,
            channels as f64,
        ]);
        for c in &self.candidates {
            out.extend([
                c.iteration as f64,
                c.nrmse,
                c.fit_score,
                c.nrmse_train,
                c.prior_penalty,
                c.decomp_rssd,
            ]);
            out.extend(c.unit.iter().copied());
            out.extend((0..channels).map(|k| c.roi.get(k).copied().unwrap_or(f64::NAN)));
        }
    }

    /// Decode every trial of a buffer written by [`TrialResult::encode`] (trials back to back).
    ///
    /// # Errors
    /// [`Error::SearchMismatch`] when the buffer is truncated or malformed.
    pub fn decode_all(mut buf: &[f64]) -> Result<Vec<TrialResult>> {
        let bad = || Error::SearchMismatch {
            reason: "the search results from a worker are incomplete".into(),
        };
        let as_count = |v: f64| {
            if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v < 1e9 {
                Some(v as usize)
            } else {
                None
            }
        };
        let mut out = Vec::new();
        while !buf.is_empty() {
            if buf.len() < 4 {
                return Err(bad());
            }
            let (trial, count, dim, channels) = (
                as_count(buf[0]).ok_or_else(bad)?,
                as_count(buf[1]).ok_or_else(bad)?,
                as_count(buf[2]).ok_or_else(bad)?,
                as_count(buf[3]).ok_or_else(bad)?,
            );
            let width = dim
                .checked_add(channels)
                .and_then(|w| w.checked_add(6))
                .ok_or_else(bad)?;
            let end = count
                .checked_mul(width)
                .and_then(|body| body.checked_add(4))
                .ok_or_else(bad)?;
            if buf.len() < end {
                return Err(bad());
            }
            let candidates = buf[4..end]
                .chunks_exact(width)
                .map(|r| {
                    let roi: Vec<f64> = r[6 + dim..].to_vec();
                    Candidate {
                        trial,
                        iteration: r[0] as usize,
                        unit: r[6..6 + dim].to_vec(),
                        nrmse: r[1],
                        fit_score: r[2],
                        nrmse_train: r[3],
                        prior_penalty: r[4],
                        decomp_rssd: r[5],
                        roi: if roi.iter().any(|v| v.is_nan()) {
                            Vec::new()
                        } else {
                            roi
                        },
                    }
                })
                .collect();
            out.push(TrialResult { trial, candidates });
            buf = &buf[end..];
        }
        Ok(out)
    }
}

#[derive(Debug, Clone)]
struct TrialRun {
    trial: usize,
    de: de::MoDe,
    candidates: Vec<Candidate>,
}

/// How far a search has come.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// Candidate models evaluated so far.
    pub done: usize,
    /// Candidate models in all.
    pub total: usize,
    /// Lowest fit objective (NRMSE) so far, if any candidate succeeded.
    pub best_nrmse: Option<f64>,
    /// Lowest DECOMP.RSSD so far.
    pub best_decomp_rssd: Option<f64>,
}

/// A search in progress. Drive it with [`Search::step`] until [`Search::is_done`].
#[derive(Debug, Clone)]
pub struct Search {
    problem: MmmProblem,
    settings: SearchSettings,
    runs: Vec<TrialRun>,
    cursor: usize,
    best: (Option<f64>, Option<f64>),
}

impl Search {
    /// A search over all trials.
    ///
    /// # Errors
    /// Invalid settings, spec/data mismatches, too few rows.
    pub fn new(data: &Dataset, spec: &ModelSpec, settings: SearchSettings) -> Result<Self> {
        Self::for_trials(data, spec, settings, 0..settings.trials)
    }

    /// A search over some of the trials (for one worker of several).
    ///
    /// # Errors
    /// As [`Search::new`], and [`Error::InvalidSetting`] for trials outside `0..settings.trials`.
    pub fn for_trials(
        data: &Dataset,
        spec: &ModelSpec,
        settings: SearchSettings,
        trials: std::ops::Range<usize>,
    ) -> Result<Self> {
        settings.check()?;
        let problem = MmmProblem::new(data, spec, settings.holdout)?;
        Self::on_problem(problem, settings, trials)
    }

    /// A search over some of the trials of a prepared problem (its design built once by the
    /// caller, for the settings' holdout).
    ///
    /// # Errors
    /// As [`Search::for_trials`].
    pub fn on_problem(
        problem: MmmProblem,
        settings: SearchSettings,
        trials: std::ops::Range<usize>,
    ) -> Result<Self> {
        settings.check()?;
        if trials.end > settings.trials || trials.start > trials.end {
            return Err(Error::setting(
                "trials",
                format!("{}..{}", trials.start, trials.end),
                &format!("the search has trials 0 to {}", settings.trials - 1),
            ));
        }
        let dim = problem.dim();
        let runs = trials
            .map(|t| TrialRun {
                trial: t,
                de: de::MoDe::new(dim, settings.de_settings(dim), settings.seed, t as u64),
                candidates: Vec::new(),
            })
            .collect();
        Ok(Search {
            problem,
            settings,
            runs,
            cursor: 0,
            best: (None, None),
        })
    }

    /// Evaluate up to `budget` more candidates. Returns the progress after them.
    pub fn step(&mut self, budget: usize) -> Progress {
        let mut left = budget;
        while left > 0 && self.cursor < self.runs.len() {
            let run = &mut self.runs[self.cursor];
            if run.candidates.len() >= self.settings.iterations {
                self.cursor += 1;
                continue;
            }
            let unit = run.de.ask();
            let iteration = run.candidates.len();
            match self.problem.fit_unit(&unit) {
                Ok(fit) => {
                    let c = Candidate {
                        trial: run.trial,
                        iteration,
                        unit,
                        nrmse: fit.nrmse(),
                        fit_score: fit.penalized_nrmse(),
                        nrmse_train: fit.nrmse_train,
                        prior_penalty: fit.prior_penalty,
                        decomp_rssd: fit.decomp_rssd,
                        roi: fit.roi,
                    };
                    run.de.tell(c.objectives().to_vec());
                    self.best.0 = Some(self.best.0.map_or(c.nrmse, |b: f64| b.min(c.nrmse)));
                    self.best.1 = Some(
                        self.best
                            .1
                            .map_or(c.decomp_rssd, |b: f64| b.min(c.decomp_rssd)),
                    );
                    run.candidates.push(c);
                }
                Err(_) => {
                    // A point that cannot be fitted is a bad candidate, not a failed search.
                    run.de.tell(vec![f64::INFINITY, f64::INFINITY]);
                    run.candidates.push(Candidate {
                        trial: run.trial,
                        iteration,
                        unit,
                        nrmse: f64::INFINITY,
                        fit_score: f64::INFINITY,
                        nrmse_train: f64::INFINITY,
                        prior_penalty: 0.0,
                        decomp_rssd: f64::INFINITY,
                        roi: Vec::new(),
                    });
                }
            }
            left -= 1;
        }
        self.progress()
    }

    /// Progress so far.
    pub fn progress(&self) -> Progress {
        Progress {
            done: self.runs.iter().map(|r| r.candidates.len()).sum(),
            total: self.runs.len() * self.settings.iterations,
            best_nrmse: self.best.0,
            best_decomp_rssd: self.best.1,
        }
    }

    /// Whether every trial has run all its iterations.
    pub fn is_done(&self) -> bool {
        self.runs
            .iter()
            .all(|r| r.candidates.len() >= self.settings.iterations)
    }

    /// Run to the end.
    pub fn run(&mut self) -> Progress {
        self.step(usize::MAX)
    }

    /// The problem being searched.
    pub fn problem(&self) -> &MmmProblem {
        &self.problem
    }

    /// The settings.
    pub fn settings(&self) -> &SearchSettings {
        &self.settings
    }

    /// The candidates of each trial this search runs (for merging across workers).
    pub fn trial_results(&self) -> Vec<TrialResult> {
        self.runs
            .iter()
            .map(|r| TrialResult {
                trial: r.trial,
                candidates: r.candidates.clone(),
            })
            .collect()
    }

    /// Finish: the Pareto front and the recommended model.
    ///
    /// # Errors
    /// [`Error::SearchNotStarted`] when no candidate could be fitted.
    pub fn finish(&self) -> Result<SearchOutcome> {
        SearchOutcome::merge(
            &self.settings,
            self.problem.design.train,
            self.trial_results(),
        )
    }
}

/// The outcome of a search: every candidate, the Pareto front, the recommendation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchOutcome {
    /// All candidates, ordered by trial then iteration.
    pub candidates: Vec<Candidate>,
    /// Indices (into `candidates`) of the Pareto-optimal models on the searched objectives, by
    /// increasing fit score ([`pareto_front`]).
    pub pareto: Vec<usize>,
    /// The recommended model and why.
    pub selection: Selection,
}

impl SearchOutcome {
    /// Combine the trials of one search (possibly run by several workers, in any order).
    /// `train_rows` is the number of training periods ([`Design::train`]): the likelihood-based
    /// sets of the selection are measured on them, also when there is a holdout.
    ///
    /// # Errors
    /// [`Error::SearchMismatch`] when trials are missing, repeated or of the wrong length;
    /// [`Error::SearchNotStarted`] when no candidate could be fitted.
    pub fn merge(
        settings: &SearchSettings,
        train_rows: usize,
        mut trials: Vec<TrialResult>,
    ) -> Result<Self> {
        trials.sort_by_key(|t| t.trial);
        for (k, t) in trials.iter().enumerate() {
            if t.trial != k {
                return Err(Error::SearchMismatch {
                    reason: format!("trial {k} is missing or repeated"),
                });
            }
        }
        if trials.len() != settings.trials {
            return Err(Error::SearchMismatch {
                reason: format!(
                    "{} trials were combined but the search has {}",
                    trials.len(),
                    settings.trials
                ),
            });
        }
        for t in &trials {
            if t.candidates.len() != settings.iterations {
                return Err(Error::SearchMismatch {
                    reason: format!(
                        "trial {} has {} of {} candidates",
                        t.trial,
                        t.candidates.len(),
                        settings.iterations
                    ),
                });
            }
        }
        let candidates: Vec<Candidate> = trials.into_iter().flat_map(|t| t.candidates).collect();
        Self::from_candidates(candidates, train_rows)
    }

    /// Pareto front and recommendation for a list of candidates (`train_rows` as in
    /// [`SearchOutcome::merge`]).
    ///
    /// # Errors
    /// [`Error::SearchNotStarted`] when no candidate has finite objectives.
    pub fn from_candidates(candidates: Vec<Candidate>, train_rows: usize) -> Result<Self> {
        let pareto = pareto_front(&candidates);
        if pareto.is_empty() {
            return Err(Error::SearchNotStarted);
        }
        let selection = select::recommend(&candidates, train_rows)?;
        Ok(SearchOutcome {
            candidates,
            pareto,
            selection,
        })
    }

    /// The recommended candidate.
    pub fn selected(&self) -> &Candidate {
        &self.candidates[self.selection.index]
    }
}

/// Indices of the non-dominated candidates on the objectives the search minimized
/// ([`Candidate::objectives`]: fit score, then DECOMP.RSSD), among those with finite
/// objectives, by increasing fit score (ties by DECOMP.RSSD, then index). Exact duplicates keep
/// the first. Without a shape prior the fit score is the NRMSE.
pub fn pareto_front(candidates: &[Candidate]) -> Vec<usize> {
    let objectives: Vec<[f64; 2]> = candidates.iter().map(Candidate::objectives).collect();
    let mut order: Vec<usize> = (0..candidates.len())
        .filter(|&i| objectives[i].iter().all(|v| v.is_finite()))
        .collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (objectives[a], objectives[b]);
        x[0].total_cmp(&y[0])
            .then(x[1].total_cmp(&y[1]))
            .then(a.cmp(&b))
    });
    // Sorted by the first objective: a point is on the front iff its second objective is below
    // every earlier one.
    let mut front = Vec::new();
    let mut best_second = f64::INFINITY;
    for i in order {
        if objectives[i][1] < best_second {
            best_second = objectives[i][1];
            front.push(i);
        }
    }
    front
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(nrmse: f64, rssd: f64) -> Candidate {
        Candidate {
            trial: 0,
            iteration: 0,
            unit: vec![],
            nrmse,
            fit_score: nrmse,
            nrmse_train: nrmse,
            prior_penalty: 0.0,
            decomp_rssd: rssd,
            roi: vec![],
        }
    }

    #[test]
    fn pareto_front_by_hand() {
        let c = vec![
            cand(0.10, 0.5),
            cand(0.12, 0.2),
            cand(0.11, 0.6),
            cand(0.20, 0.1),
            cand(0.15, 0.3),
            cand(f64::INFINITY, 0.0),
        ];
        assert_eq!(pareto_front(&c), vec![0, 1, 3]);
    }

    #[test]
    fn trial_results_round_trip_through_numbers() {
        let mut a = cand(0.1, 0.2);
        a.unit = vec![0.25, 0.5];
        a.roi = vec![1.5, 2.5];
        let mut failed = cand(f64::INFINITY, f64::INFINITY);
        failed.iteration = 1;
        failed.unit = vec![0.0, 1.0];
        let trials = vec![
            TrialResult {
                trial: 2,
                candidates: vec![a.clone(), failed],
            },
            TrialResult {
                trial: 3,
                candidates: vec![a],
            },
        ];
        let mut buf = Vec::new();
        for t in &trials {
            t.encode(&mut buf);
        }
        let mut back = TrialResult::decode_all(&buf).unwrap();
        for t in &mut back {
            for c in &mut t.candidates {
                assert_eq!(c.trial, t.trial);
                c.trial = 0;
            }
        }
        let mut expected = trials.clone();
        for t in &mut expected {
            for c in &mut t.candidates {
                c.trial = 0;
            }
        }
        assert_eq!(back, expected);
        assert_eq!(
            TrialResult::decode_all(&buf[..buf.len() - 1])
                .unwrap_err()
                .kind(),
            "search_mismatch"
        );
        // Sizes whose product and header wrap 32-bit arithmetic (4 + 357,913,941 × 12 = 2³²):
        // refused on every platform (tests/wasm.rs runs the same buffer on wasm32).
        assert_eq!(
            TrialResult::decode_all(&[0.0, 357_913_941.0, 6.0, 0.0])
                .unwrap_err()
                .kind(),
            "search_mismatch"
        );
        assert_eq!(
            TrialResult::decode_all(&[1.0, f64::NAN, 0.0, 0.0])
                .unwrap_err()
                .kind(),
            "search_mismatch"
        );
    }

    #[test]
    fn a_population_beyond_the_candidates_per_trial_is_refused() {
        // Each member is a vector of the parameters: a population of 10⁹ asked through the npm
        // options would allocate without end; more members than candidates means nothing.
        let with = |population| SearchSettings {
            iterations: 200,
            population,
            ..SearchSettings::default()
        };
        assert!(with(0).check().is_ok());
        assert!(with(5).check().is_ok());
        assert!(with(200).check().is_ok());
        for bad in [4, 201, 1_000_000_000] {
            match with(bad).check() {
                Err(Error::InvalidSetting { name, .. }) => assert_eq!(name, "population"),
                other => panic!("population {bad}: {other:?}"),
            }
        }
    }

    #[test]
    fn the_pareto_front_is_on_the_searched_objectives() {
        // With a shape prior, the fit score (what the search minimized) and the NRMSE disagree:
        // the first candidate has the lowest NRMSE but a prior penalty that makes it dominated.
        let mut c = vec![cand(0.100, 0.5), cand(0.101, 0.4), cand(0.120, 0.2)];
        c[0].fit_score = 0.105;
        assert_eq!(pareto_front(&c), vec![1, 2]);
        // A finite NRMSE with a failed fit score is not on the front.
        c[1].fit_score = f64::INFINITY;
        assert_eq!(pareto_front(&c), vec![0, 2]);
    }

    #[test]
    fn with_a_holdout_the_selection_measures_the_likelihood_on_the_training_rows() {
        let sim = crate::simulate::simulate(&crate::simulate::SimulationSettings {
            periods: 104,
            ..Default::default()
        })
        .unwrap();
        let spec = ModelSpec::for_dataset(&sim.dataset, crate::transform::AdstockKind::Geometric);
        let settings = SearchSettings {
            iterations: 40,
            trials: 1,
            holdout: 0.2,
            ..Default::default()
        };
        let mut search = Search::new(&sim.dataset, &spec, settings).unwrap();
        search.run();
        let out = search.finish().unwrap();
        let train = search.problem().design.train;
        assert!(train > search.problem().design.fit_rows());
        let best = out
            .candidates
            .iter()
            .filter(|c| c.fit_score.is_finite() && !c.roi.is_empty())
            .map(|c| select::likelihood_score(c, train))
            .fold(f64::INFINITY, f64::min);
        let limit = select::score_limit(best, select::LOG_LIKELIHOOD_TOLERANCE, train);
        crate::precision::assert_close(out.selection.score_limit, limit, 1e-15);
        let admitted = out
            .candidates
            .iter()
            .filter(|c| c.fit_score.is_finite() && select::likelihood_score(c, train) <= limit)
            .count();
        assert_eq!(out.selection.considered, admitted);
    }

    #[test]
    fn duplicate_points_appear_once() {
        let c = vec![cand(0.1, 0.1), cand(0.1, 0.1)];
        assert_eq!(pareto_front(&c), vec![0]);
    }
}
