//! Convergence diagnostics of several chains of one quantity: split R̂ and the effective
//! sample size, as defined in Gelman et al., *Bayesian Data Analysis* (3rd ed., §11.4–11.5) and
//! used by Stan. Written here because no maintained Rust crate provides them for plain
//! slices (they are a few dozen lines).

/// Split R̂: each chain cut in two halves, then the potential scale reduction
/// `sqrt(((n−1)/n · W + B/n) / W)`. 1 for chains that agree; above 1.01 they have not mixed.
/// A quantity that is constant in every chain gives 1; one constant within chains but
/// different between them gives infinity.
pub fn split_rhat(chains: &[Vec<f64>]) -> f64 {
    let halves = split(chains);
    let m = halves.len();
    let n = halves.iter().map(Vec::len).min().unwrap_or(0);
    if m < 2 || n < 2 {
        return f64::NAN;
    }
    let (means, vars) = mean_var(&halves, n);
    let grand = means.iter().sum::<f64>() / m as f64;
    let b = n as f64 / (m - 1) as f64 * means.iter().map(|x| (x - grand).powi(2)).sum::<f64>();
    let w = vars.iter().sum::<f64>() / m as f64;
    if w <= 0.0 {
        return if b <= 0.0 { 1.0 } else { f64::INFINITY };
    }
    let var_plus = (n as f64 - 1.0) / n as f64 * w + b / n as f64;
    (var_plus / w).sqrt()
}

/// Effective sample size over all chains (split in halves), from the autocorrelations pooled
/// across chains with Geyer's initial monotone sequence estimator. At most the number of draws.
pub fn ess(chains: &[Vec<f64>]) -> f64 {
    let halves = split(chains);
    let m = halves.len();
    let n = halves.iter().map(Vec::len).min().unwrap_or(0);
    if m == 0 || n < 4 {
        return f64::NAN;
    }
    let (means, vars) = mean_var(&halves, n);
    let grand = means.iter().sum::<f64>() / m as f64;
    let w = vars.iter().sum::<f64>() / m as f64;
    let b = if m > 1 {
        n as f64 / (m - 1) as f64 * means.iter().map(|x| (x - grand).powi(2)).sum::<f64>()
    } else {
        0.0
    };
    let var_plus = (n as f64 - 1.0) / n as f64 * w + b / n as f64;
    let total = (m * n) as f64;
    if var_plus <= 0.0 {
        return total;
    }
    // Autocovariance of each chain at lag t (biased, divided by n).
    let autocov = |c: &[f64], mean: f64, t: usize| -> f64 {
        (0..n - t)
            .map(|i| (c[i] - mean) * (c[i + t] - mean))
            .sum::<f64>()
            / n as f64
    };
    let rho = |t: usize| -> f64 {
        let mean_acov = halves
            .iter()
            .zip(&means)
            .map(|(c, &mu)| autocov(&c[..n], mu, t))
            .sum::<f64>()
            / m as f64;
        1.0 - (w - mean_acov) / var_plus
    };
    // Geyer: sums of adjacent pairs, positive and made monotone.
    let mut tau = -1.0;
    let mut prev_pair = f64::INFINITY;
    let mut t = 0;
    while t + 1 < n {
        let pair = rho(t) + rho(t + 1);
        if pair <= 0.0 {
            break;
        }
        let pair = pair.min(prev_pair);
        tau += 2.0 * pair;
        prev_pair = pair;
        t += 2;
    }
    (total / tau.max(1.0 / total.log10().max(1.0))).min(total)
}

fn split(chains: &[Vec<f64>]) -> Vec<Vec<f64>> {
    chains
        .iter()
        .flat_map(|c| {
            let h = c.len() / 2;
            [c[..h].to_vec(), c[c.len() - h..].to_vec()]
        })
        .filter(|c| !c.is_empty())
        .collect()
}

fn mean_var(chains: &[Vec<f64>], n: usize) -> (Vec<f64>, Vec<f64>) {
    let means: Vec<f64> = chains
        .iter()
        .map(|c| c[..n].iter().sum::<f64>() / n as f64)
        .collect();
    let vars = chains
        .iter()
        .zip(&means)
        .map(|(c, mu)| c[..n].iter().map(|x| (x - mu).powi(2)).sum::<f64>() / (n as f64 - 1.0))
        .collect();
    (means, vars)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimate::bayes::random::normal;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn iid_chains(seed: u64, m: usize, n: usize, shift: f64) -> Vec<Vec<f64>> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        (0..m)
            .map(|k| {
                (0..n)
                    .map(|_| normal(&mut rng) + shift * k as f64)
                    .collect()
            })
            .collect()
    }

    #[test]
    fn independent_draws_have_rhat_near_one_and_ess_near_the_count() {
        let c = iid_chains(1, 4, 1000, 0.0);
        let r = split_rhat(&c);
        assert!((r - 1.0).abs() < 0.005, "{r}");
        let e = ess(&c);
        assert!(e > 3000.0 && e <= 4000.0, "{e}");
    }

    #[test]
    fn chains_that_disagree_have_a_large_rhat() {
        let c = iid_chains(2, 4, 1000, 1.0);
        assert!(split_rhat(&c) > 1.3);
    }

    /// An AR(1) chain with coefficient φ has ESS ≈ N (1 − φ)/(1 + φ): N/19 for φ = 0.9.
    #[test]
    fn an_autocorrelated_chain_has_the_ar1_effective_size() {
        let mut rng = ChaCha8Rng::seed_from_u64(4);
        let phi: f64 = 0.9;
        let chains: Vec<Vec<f64>> = (0..4)
            .map(|_| {
                let mut x = 0.0;
                (0..20_000)
                    .map(|_| {
                        x = phi * x + (1.0 - phi * phi).sqrt() * normal(&mut rng);
                        x
                    })
                    .collect()
            })
            .collect();
        let e = ess(&chains);
        let expected = 80_000.0 * (1.0 - phi) / (1.0 + phi);
        assert!((e / expected - 1.0).abs() < 0.15, "{e} vs {expected}");
    }

    #[test]
    fn a_constant_quantity_is_converged() {
        let c = vec![vec![2.0; 100]; 4];
        assert_eq!(split_rhat(&c), 1.0);
    }
}
