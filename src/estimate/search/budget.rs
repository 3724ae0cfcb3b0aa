//! How long a search takes, and how the default search scales its work to big data.
//!
//! Nearly all of a search's time is spent fitting candidates ([`crate::estimate::ridge::Design::fit`]),
//! and a candidate's time is two loops over the rows:
//!
//! - the curves: each of the `m` media columns is adstocked and saturated row by row (one `log`
//!   and one `exp` per row and column), `n·m` evaluations;
//! - the Gram matrix: the media columns against each other and against the `b` baseline columns
//!   and the KPI, `n·(m·(b + 1) + m(m + 1)/2)` multiply-adds.
//!
//! So one candidate takes about `CURVE_SECONDS · n·m + GRAM_SECONDS · n·(m·(b + 1) + m(m + 1)/2)`
//! seconds on one core. The two constants were fitted (least squares on relative error) to the
//! difference between `mixlens fit --trials 1 --iterations 1000` and `--iterations 200` (user time,
//! per candidate) on simulated data of 208 weeks × 6 and × 31 media columns, 730 and 1,000 days,
//! and 3,652 days × 9 and × 31 (2026-11-29, the 2-core build VM, native release build, under the
//! load of other builds); every case is within 20% of the model. WebAssembly in a browser is
//! slower (see the page's `WASM_SLOWDOWN`). The core reads no clock: these are estimates from the
//! shape of the data alone.
//!
//! **Scaling.** The default search (4,000 candidates per trial, 5 trials) takes about 1.5 s on
//! one core for 208 weeks and 6 media columns, but about 150 s for ten years of daily data with
//! 31 media columns. When [`SearchSettings::scale_to_data`] is on (the default) and the whole
//! search would take more than [`DEFAULT_BUDGET_SECONDS`] on one core, the candidates it affords
//! in that time are spent on fewer, longer trials (one per [`SCALED_TRIAL_DEPTH`] candidates, at
//! least [`MIN_SCALED_TRIALS`]), each of at least [`MIN_SCALED_ITERATIONS`], and a
//! [`WarningKind::SearchScaled`] warning says so. Data of ordinary size (every case of the
//! accuracy and out-of-family benches) is far below the budget and searched exactly as before.

use crate::data::{Warning, WarningKind};

use super::SearchSettings;

/// Seconds per curve evaluation (one row of one media column: adstock, `log`, `exp`).
pub const CURVE_SECONDS: f64 = 57.7e-9;
/// Seconds per multiply-add of the Gram matrix.
pub const GRAM_SECONDS: f64 = 0.186e-9;
/// Seconds of one core the default search may take before its iterations are cut.
pub const DEFAULT_BUDGET_SECONDS: f64 = 40.0;
/// Fewest candidates per trial a scaled search keeps (25 generations of a population of 40).
pub const MIN_SCALED_ITERATIONS: usize = 1000;
/// A scaled search keeps one trial per this many candidates it affords (longer trials search
/// better than more short ones)...
pub const SCALED_TRIAL_DEPTH: usize = 2500;
/// ...but at least 2 trials (one per core of a 2-core machine; the ROI range compares trials),
/// and never more than asked for.
pub const MIN_SCALED_TRIALS: usize = 2;

/// The size of a search's problem: what a candidate's time depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchWork {
    /// Rows (periods) of the data.
    pub rows: usize,
    /// Media columns (paid channels and organic variables).
    pub media: usize,
    /// Baseline columns (intercept, trend, seasonality, weekdays, controls).
    pub baseline: usize,
}

impl SearchWork {
    /// Estimated seconds of one candidate on one core.
    pub fn seconds_per_candidate(&self) -> f64 {
        let (n, m, b) = (self.rows as f64, self.media as f64, self.baseline as f64);
        CURVE_SECONDS * n * m + GRAM_SECONDS * n * (m * (b + 1.0) + m * (m + 1.0) / 2.0)
    }

    /// Estimated seconds of a search with `settings` on `workers` cores: trials are split in
    /// contiguous shares, so the longest share (⌈trials / workers⌉ trials) sets the time.
    pub fn seconds(&self, settings: &SearchSettings, workers: usize) -> f64 {
        let workers = workers.clamp(1, settings.trials.max(1));
        let longest = settings.trials.div_ceil(workers);
        (settings.iterations * longest) as f64 * self.seconds_per_candidate()
    }
}

impl SearchSettings {
    /// These settings scaled to the work (see the module doc): trials and iterations per trial
    /// cut so that the whole search takes about [`DEFAULT_BUDGET_SECONDS`] on one core (the
    /// iterations rounded down to a hundred, never below [`MIN_SCALED_ITERATIONS`], neither
    /// above what was asked for). With the warning to show when they were cut; unchanged when `scale_to_data` is off or the
    /// search is within the budget. Applying it twice changes nothing more.
    pub fn scaled_to(&self, work: &SearchWork) -> (SearchSettings, Option<Warning>) {
        let full = work.seconds(self, 1);
        if !self.scale_to_data || full <= DEFAULT_BUDGET_SECONDS {
            return (*self, None);
        }
        // Candidates the budget affords, spent on fewer, longer trials: with the same
        // candidates, 2 trials of 2,700 misattribute 13.6% of media revenue on the 30-channel
        // case against 20.2% for 5 of 1,100 (12.3% for the full 5 of 4,000; BENCHMARKS.md).
        let afforded = DEFAULT_BUDGET_SECONDS / work.seconds_per_candidate();
        let trials = ((afforded / SCALED_TRIAL_DEPTH as f64) as usize)
            .max(MIN_SCALED_TRIALS)
            .min(self.trials);
        let iterations = ((afforded / trials as f64 / 100.0) as usize * 100)
            .max(MIN_SCALED_ITERATIONS)
            .min(self.iterations);
        if iterations * trials >= self.iterations * self.trials {
            return (*self, None);
        }
        let scaled = SearchSettings {
            iterations,
            trials,
            // A population asked for stays within the fewer candidates of a trial.
            population: self.population.min(iterations),
            ..*self
        };
        let warning = Warning::new(
            WarningKind::SearchScaled,
            format!(
                "Big data ({} periods × {} media columns): the search runs {} trials of {} candidate models instead of {} of {} so that it takes about {:.0} s of one processor instead of {:.0} s. \
                 The recommended model may fit a little less well and its ROI ranges come from fewer trials; ask for the iterations explicitly ({} candidate models per trial, {} trials) to search fully.",
                group(work.rows),
                work.media,
                trials,
                group(iterations),
                self.trials,
                group(self.iterations),
                work.seconds(&scaled, 1),
                full,
                group(self.iterations),
                self.trials,
            ),
        );
        (scaled, Some(warning))
    }
}

use crate::numbers::count as group;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::precision::assert_close;

    const BIG: SearchWork = SearchWork {
        rows: 3652,
        media: 31,
        baseline: 18,
    };
    const WEEKLY: SearchWork = SearchWork {
        rows: 208,
        media: 6,
        baseline: 10,
    };

    #[test]
    fn the_estimate_doubles_with_the_rows_and_the_candidates() {
        let s = SearchSettings::default();
        let twice = SearchWork {
            rows: 2 * BIG.rows,
            ..BIG
        };
        assert_close(twice.seconds(&s, 1), 2.0 * BIG.seconds(&s, 1), 1e-12);
        let longer = SearchSettings {
            iterations: 2 * s.iterations,
            ..s
        };
        assert_close(BIG.seconds(&longer, 1), 2.0 * BIG.seconds(&s, 1), 1e-12);
    }

    #[test]
    fn the_estimate_grows_faster_than_the_media_columns() {
        let s = SearchSettings::default();
        let twice = SearchWork {
            media: 2 * BIG.media,
            ..BIG
        };
        assert!(twice.seconds(&s, 1) > 2.0 * BIG.seconds(&s, 1));
    }

    #[test]
    fn workers_share_whole_trials() {
        let s = SearchSettings::default(); // 5 trials
        let one = BIG.seconds(&s, 1);
        assert_close(BIG.seconds(&s, 2), one * 3.0 / 5.0, 1e-12);
        assert_close(BIG.seconds(&s, 5), one / 5.0, 1e-12);
        assert_close(BIG.seconds(&s, 64), one / 5.0, 1e-12);
        assert_close(BIG.seconds(&s, 0), one, 1e-12);
    }

    #[test]
    fn ordinary_data_is_searched_as_asked() {
        let s = SearchSettings::default();
        assert!(WEEKLY.seconds(&s, 1) < 0.1 * DEFAULT_BUDGET_SECONDS);
        let (scaled, warning) = s.scaled_to(&WEEKLY);
        assert_eq!(scaled, s);
        assert!(warning.is_none());
    }

    #[test]
    fn big_data_is_cut_to_the_budget_and_says_so() {
        let s = SearchSettings::default();
        assert!(BIG.seconds(&s, 1) > 2.0 * DEFAULT_BUDGET_SECONDS);
        let (scaled, warning) = s.scaled_to(&BIG);
        assert!(scaled.iterations < s.iterations);
        assert!(scaled.iterations >= MIN_SCALED_ITERATIONS);
        assert_eq!(scaled.iterations % 100, 0);
        assert_eq!(scaled.trials, MIN_SCALED_TRIALS);
        assert_eq!(scaled.seed, s.seed);
        let t = BIG.seconds(&scaled, 1);
        assert!(
            t <= DEFAULT_BUDGET_SECONDS && t > 0.8 * DEFAULT_BUDGET_SECONDS,
            "{t}"
        );
        let w = warning.unwrap();
        assert_eq!(w.kind, WarningKind::SearchScaled);
        let says = format!(
            "runs 2 trials of {} candidate models instead of 5 of 4,000",
            group(scaled.iterations)
        );
        assert!(w.message.contains(&says), "{}", w.message);
        // Scaling the scaled settings again changes nothing and warns no more.
        assert_eq!(scaled.scaled_to(&BIG), (scaled, None));
    }

    #[test]
    fn scaling_keeps_a_floor_and_can_be_turned_off() {
        let huge = SearchWork {
            rows: 50_000,
            ..BIG
        };
        let (scaled, _) = SearchSettings::default().scaled_to(&huge);
        assert_eq!(
            (scaled.trials, scaled.iterations),
            (MIN_SCALED_TRIALS, MIN_SCALED_ITERATIONS)
        );
        let asked = SearchSettings {
            scale_to_data: false,
            ..SearchSettings::default()
        };
        assert_eq!(asked.scaled_to(&huge), (asked, None));
        // Fewer iterations than the floor are never raised.
        let short = SearchSettings {
            iterations: 300,
            ..SearchSettings::default()
        };
        assert_eq!(short.scaled_to(&huge).0.iterations, 300);
        // One trial asked for stays one.
        let one = SearchSettings {
            trials: 1,
            ..SearchSettings::default()
        };
        assert_eq!(one.scaled_to(&huge).0.trials, 1);
    }

    #[test]
    fn data_a_little_above_the_budget_keeps_its_trials_and_loses_iterations() {
        let s = SearchSettings::default();
        // About 1.5 times the budget.
        let rows = (1.5 * DEFAULT_BUDGET_SECONDS / BIG.seconds(&s, 1) * BIG.rows as f64) as usize;
        let (scaled, warning) = s.scaled_to(&SearchWork { rows, ..BIG });
        assert_eq!(scaled.trials, 5);
        assert!(
            (2500..4000).contains(&scaled.iterations),
            "{}",
            scaled.iterations
        );
        assert!(warning.is_some());
    }

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(group(4000), "4,000");
        assert_eq!(group(100), "100");
        assert_eq!(group(1_234_567), "1,234,567");
    }
}
