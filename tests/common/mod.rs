//! Settings shared by the integration tests.

use mixlens::estimate::bayes::BayesSettings;

/// Short Bayesian chains for tests: 2 chains × (300 tuning + 300 kept) sweeps, 100 saved draws.
/// Enough to check what the sampler computes, not to measure accuracy.
pub fn quick() -> BayesSettings {
    BayesSettings {
        chains: 2,
        draws: 300,
        tune: 300,
        saved_draws: 100,
        ..BayesSettings::default()
    }
}
