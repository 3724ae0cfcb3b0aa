//! The few distributions the sampler draws from: standard normal, gamma, a normal truncated to
//! `[0, ∞)`, and a discrete distribution given by log weights.
//!
//! Written here rather than taken from `rand_distr` so that every transcendental function goes
//! through `libm` (pure Rust): the native CLI and the WebAssembly page then draw bit-identical
//! chains for a seed, which a platform maths library does not promise.

use rand::Rng;

/// A standard normal draw (Marsaglia's polar method).
pub fn normal<R: Rng>(rng: &mut R) -> f64 {
    loop {
        let u = 2.0 * rng.random::<f64>() - 1.0;
        let v = 2.0 * rng.random::<f64>() - 1.0;
        let s = u * u + v * v;
        if s > 0.0 && s < 1.0 {
            return u * libm::sqrt(-2.0 * libm::log(s) / s);
        }
    }
}

/// A Gamma(shape, 1) draw (Marsaglia and Tsang 2000; shape < 1 by the boost `G(a+1)·U^{1/a}`).
pub fn gamma<R: Rng>(rng: &mut R, shape: f64) -> f64 {
    if shape < 1.0 {
        let u: f64 = rng.random::<f64>().max(f64::MIN_POSITIVE);
        return gamma(rng, shape + 1.0) * libm::pow(u, 1.0 / shape);
    }
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / libm::sqrt(9.0 * d);
    loop {
        let x = normal(rng);
        let v = 1.0 + c * x;
        if v <= 0.0 {
            continue;
        }
        let v = v * v * v;
        let u: f64 = rng.random();
        if u < 1.0 - 0.0331 * x * x * x * x
            || libm::log(u.max(f64::MIN_POSITIVE)) < 0.5 * x * x + d * (1.0 - v + libm::log(v))
        {
            return d * v;
        }
    }
}

/// `ln Φ(x)`, the log of the standard normal distribution function, accurate in both tails.
pub fn ln_phi(x: f64) -> f64 {
    if x > 5.0 {
        // Φ(x) = 1 − Q(x) with Q tiny: ln(1 − Q) ≈ −Q.
        -0.5 * libm::erfc(x / std::f64::consts::SQRT_2)
    } else if x > -30.0 {
        libm::log(0.5 * libm::erfc(-x / std::f64::consts::SQRT_2))
    } else {
        // Mills ratio: Φ(x) ≈ φ(x)/|x| · (1 − 1/x² + 3/x⁴).
        let x2 = x * x;
        -0.5 * x2 - libm::log(-x) - 0.5 * libm::log(2.0 * std::f64::consts::PI)
            + libm::log(1.0 - 1.0 / x2 + 3.0 / (x2 * x2))
    }
}

/// A draw of `N(mean, sd²)` restricted to `[0, ∞)`.
///
/// Inverse-CDF sampling where the kept mass is not tiny; far in the lower tail (`mean/sd < −5`)
/// Robert's (1995) exponential rejection sampler, which stays exact where the inverse CDF
/// loses all precision.
pub fn truncated_normal<R: Rng>(rng: &mut R, mean: f64, sd: f64) -> f64 {
    let a = -mean / sd; // the lower bound in standard units
    if a < 5.0 {
        if a < 0.0 {
            // Most of the mass is kept: plain rejection is fast (acceptance ≥ 1/2).
            loop {
                let z = normal(rng);
                if z >= a {
                    return (mean + sd * z).max(0.0);
                }
            }
        }
        // Inverse CDF on the upper tail: z = Q⁻¹(u · Q(a)), by bisection-free Newton on erfc.
        let qa = 0.5 * libm::erfc(a / std::f64::consts::SQRT_2);
        let u: f64 = rng.random::<f64>().max(f64::MIN_POSITIVE);
        let target = u * qa;
        let z = upper_tail_quantile(target, a);
        return (mean + sd * z).max(0.0);
    }
    let alpha = 0.5 * (a + libm::sqrt(a * a + 4.0));
    loop {
        let u: f64 = rng.random::<f64>().max(f64::MIN_POSITIVE);
        let z = a - libm::log(u) / alpha;
        let rho = libm::exp(-0.5 * (z - alpha) * (z - alpha));
        if rng.random::<f64>() <= rho {
            return (mean + sd * z).max(0.0);
        }
    }
}

/// The z ≥ `a` with upper-tail probability Q(z) = `q` (Newton's method on ln Q, started at `a`;
/// Q is log-concave, so the iteration is monotone).
fn upper_tail_quantile(q: f64, a: f64) -> f64 {
    let ln_q = libm::log(q);
    let mut z = a;
    for _ in 0..100 {
        let lq = ln_phi(-z); // ln Q(z)
        let diff = lq - ln_q;
        if diff.abs() < 1e-12 {
            break;
        }
        // d ln Q / dz = −φ(z)/Q(z).
        let ln_pdf = -0.5 * z * z - 0.5 * libm::log(2.0 * std::f64::consts::PI);
        let slope = -libm::exp(ln_pdf - lq);
        z -= diff / slope;
        z = z.max(a);
    }
    z
}

/// An index drawn with probability ∝ `exp(ln_w[i])` (the weights need not be normalized).
pub fn categorical<R: Rng>(rng: &mut R, ln_w: &[f64], scratch: &mut Vec<f64>) -> usize {
    let top = ln_w.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    scratch.clear();
    let mut total = 0.0;
    for &l in ln_w {
        total += libm::exp(l - top);
        scratch.push(total);
    }
    let u = rng.random::<f64>() * total;
    scratch.partition_point(|&c| c <= u).min(ln_w.len() - 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn moments(v: &[f64]) -> (f64, f64) {
        let n = v.len() as f64;
        let m = v.iter().sum::<f64>() / n;
        (m, v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / n)
    }

    #[test]
    fn ln_phi_matches_known_values_in_both_tails() {
        assert!((ln_phi(0.0) - 0.5f64.ln()).abs() < 1e-15);
        // Φ(1.959963985) = 0.975
        assert!((ln_phi(1.959_963_985) - 0.975f64.ln()).abs() < 1e-9);
        // Φ(−10) = 7.619853024160527e-24
        assert!((ln_phi(-10.0) - 7.619_853_024_160_527e-24f64.ln()).abs() < 1e-9);
        // ln Φ(−40) from the asymptotic series: −800 − ln 40 − ½ ln 2π + ln(1 − 1/1600 + …)
        let exact = -800.0 - 40f64.ln() - 0.5 * (2.0 * std::f64::consts::PI).ln()
            + (1.0 - 1.0 / 1600.0 + 3.0 / 1600.0f64.powi(2) - 15.0 / 1600f64.powi(3)).ln();
        // The series kept in ln_phi stops at 3/x⁴: its error at x = −40 is about 15/x⁶ ≈ 4e-9.
        assert!((ln_phi(-40.0) - exact).abs() < 1e-8);
        // Continuous where the branches meet.
        assert!((ln_phi(-30.0 + 1e-9) - ln_phi(-30.0 - 1e-9)).abs() < 1e-6);
        assert!(ln_phi(8.0) < 0.0 && ln_phi(8.0) > -1e-14);
    }

    #[test]
    fn gamma_draws_have_the_right_mean_and_variance() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        for shape in [0.5, 2.0, 50.0] {
            let v: Vec<f64> = (0..200_000).map(|_| gamma(&mut rng, shape)).collect();
            let (m, var) = moments(&v);
            assert!((m - shape).abs() < 0.02 * shape.max(1.0), "{shape}: {m}");
            assert!(
                (var - shape).abs() < 0.05 * shape.max(1.0),
                "{shape}: {var}"
            );
        }
    }

    /// Mean and variance of N(μ, 1) truncated to [0, ∞): μ + λ and 1 + aλ − λ² with a = −μ,
    /// λ = φ(a)/Q(a).
    #[test]
    fn truncated_normal_draws_match_the_truncated_moments() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        for mu in [2.0, 0.0, -1.0, -3.0, -8.0] {
            let v: Vec<f64> = (0..200_000)
                .map(|_| truncated_normal(&mut rng, mu, 1.0))
                .collect();
            assert!(v.iter().all(|&x| x >= 0.0));
            let a = -mu;
            let pdf = (-0.5 * a * a).exp() / (2.0 * std::f64::consts::PI).sqrt();
            let lambda = pdf / ln_phi(-a).exp();
            let (m, var) = moments(&v);
            let (em, ev) = (mu + lambda, 1.0 + a * lambda - lambda * lambda);
            assert!(
                (m - em).abs() < 0.01 * em.max(0.1),
                "μ={mu}: mean {m} vs {em}"
            );
            assert!((var - ev).abs() < 0.03 * ev, "μ={mu}: var {var} vs {ev}");
        }
    }

    #[test]
    fn categorical_draws_follow_the_weights() {
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        let ln_w = [0.0, 2f64.ln(), f64::NEG_INFINITY, 1000.0 + 0.0];
        let mut s = Vec::new();
        // The huge weight dominates entirely.
        assert!((0..1000).all(|_| categorical(&mut rng, &ln_w, &mut s) == 3));
        let ln_w = [0.0, 3f64.ln(), f64::NEG_INFINITY];
        let mut counts = [0usize; 3];
        for _ in 0..100_000 {
            counts[categorical(&mut rng, &ln_w, &mut s)] += 1;
        }
        assert_eq!(counts[2], 0);
        assert!((counts[1] as f64 / 100_000.0 - 0.75).abs() < 0.01);
    }
}
