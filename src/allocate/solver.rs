//! Global allocation of a budget over channels with S-shaped or concave response curves.
//!
//! Problem: maximize `Σ_c r_c(x_c)` subject to `Σ_c x_c = B` and `l_c ≤ x_c ≤ u_c`.
//!
//! Method:
//! 1. **Dynamic programming on a budget grid.** The budget above the lower bounds is cut into G
//!    units; `V_c(b) = max_k V_{c−1}(b − k) + r_c(l_c + kΔ)`. This is the exact optimum over all
//!    grid allocations, whatever the shapes, so it cannot stall at zero spend on the flat start of
//!    an S-curve the way a gradient method does. It also gives the best response for every grid
//!    budget at once (used by target-efficiency planning).
//! 2. **Continuous polish.** Around the grid optimum each channel may move within two grid units;
//!    the exact optimum of that small problem equalizes the channels' marginal returns (bisection
//!    on the common marginal return μ, each channel's `argmax r_c(x) − μx` found exactly on its
//!    window), and the allocation is made to sum to B exactly.
//!
//! G is chosen so that `C · G²` stays near 10⁷ (G = 1,000 for 10 channels), and never below 200.
//! Written by hand: optimization crates offer local methods (SLSQP, L-BFGS-B), which are exactly
//! what stalls on S-curves.

use super::curve::Response;

/// A box-constrained allocation problem.
#[derive(Debug, Clone)]
pub struct Problem<'a, R: Response> {
    pub curves: &'a [R],
    pub lower: &'a [f64],
    pub upper: &'a [f64],
}

/// The optimal response for every grid budget, with the allocations.
#[derive(Debug, Clone)]
pub struct BudgetTable {
    /// Budget of grid point b: `Σl + b·Δ`.
    pub step: f64,
    pub base: f64,
    /// Best total response at each grid budget (−∞ where unreachable).
    pub value: Vec<f64>,
    /// For each channel, the chosen units at each budget (for backtracking).
    choice: Vec<Vec<u32>>,
    /// Lower bounds, to rebuild spends.
    lower: Vec<f64>,
}

impl BudgetTable {
    /// Number of grid budgets.
    pub fn len(&self) -> usize {
        self.value.len()
    }

    /// Whether the table is empty (never, for a built table).
    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    /// Budget of grid point `b`.
    pub fn budget(&self, b: usize) -> f64 {
        self.base + b as f64 * self.step
    }

    /// The grid allocation achieving `value[b]`.
    pub fn allocation(&self, b: usize) -> Vec<f64> {
        let c = self.choice.len();
        let mut x = vec![0.0; c];
        let mut left = b;
        for ch in (0..c).rev() {
            let k = self.choice[ch][left] as usize;
            x[ch] = self.lower[ch] + k as f64 * self.step;
            left -= k;
        }
        x
    }
}

/// Build the DP table over budgets from Σl to `max_budget` (≤ Σu).
pub fn budget_table<R: Response>(p: &Problem<R>, max_budget: f64) -> BudgetTable {
    let c = p.curves.len();
    let base: f64 = p.lower.iter().sum();
    let extra = (max_budget - base).max(0.0);
    let g = ((1.0e7 / c.max(1) as f64).sqrt() as usize).clamp(200, 3000);
    let step = if extra > 0.0 { extra / g as f64 } else { 1.0 };
    let units = if extra > 0.0 { g } else { 0 };
    let kmax: Vec<usize> = (0..c)
        .map(|i| (((p.upper[i] - p.lower[i]) / step) + 1e-9).floor().max(0.0) as usize)
        .map(|k| k.min(units))
        .collect();
    let mut value = vec![f64::NEG_INFINITY; units + 1];
    let mut choice = vec![vec![0u32; units + 1]; c];
    // First channel.
    let f0: Vec<f64> = (0..=kmax.first().copied().unwrap_or(0))
        .map(|k| p.curves[0].value(p.lower[0] + k as f64 * step))
        .collect();
    for (k, v) in f0.iter().enumerate() {
        value[k] = *v;
        choice[0][k] = k as u32;
    }
    let mut reach = kmax.first().copied().unwrap_or(0);
    for ch in 1..c {
        let f: Vec<f64> = (0..=kmax[ch])
            .map(|k| p.curves[ch].value(p.lower[ch] + k as f64 * step))
            .collect();
        let new_reach = (reach + kmax[ch]).min(units);
        let mut next = vec![f64::NEG_INFINITY; units + 1];
        for b in 0..=new_reach {
            let lo = b.saturating_sub(reach);
            let hi = kmax[ch].min(b);
            let mut best = f64::NEG_INFINITY;
            let mut arg = lo;
            for k in lo..=hi {
                let v = value[b - k] + f[k];
                if v > best {
                    best = v;
                    arg = k;
                }
            }
            next[b] = best;
            choice[ch][b] = arg as u32;
        }
        value = next;
        reach = new_reach;
    }
    BudgetTable {
        step,
        base,
        value,
        choice,
        lower: p.lower.to_vec(),
    }
}

/// `argmax_{x ∈ [a, b]} r(x) − μx`, exactly.
fn best_response<R: Response>(r: &R, a: f64, b: f64, mu: f64) -> f64 {
    let obj = |x: f64| r.value(x) - mu * x;
    let mut best = (obj(a), a);
    let ob = obj(b);
    if ob > best.0 {
        best = (ob, b);
    }
    // On the concave part (x ≥ inflection) the marginal decreases: find r'(x) = μ by bisection.
    let z = r.inflection();
    let lo0 = a.max(z);
    if lo0 < b {
        let (mut lo, mut hi) = (lo0, b);
        if r.marginal(lo) > mu && r.marginal(hi) < mu {
            for _ in 0..100 {
                let mid = 0.5 * (lo + hi);
                if r.marginal(mid) > mu {
                    lo = mid;
                } else {
                    hi = mid;
                }
                if hi - lo <= 1e-13 * hi.abs().max(1.0) {
                    break;
                }
            }
            let x = 0.5 * (lo + hi);
            let ox = obj(x);
            if ox > best.0 {
                best = (ox, x);
            }
        }
    }
    best.1
}

/// Exact optimum with each channel in `[lo_c, hi_c]` and `Σ x = budget` (requires
/// `Σ lo ≤ budget ≤ Σ hi`), by bisection on the common marginal return.
pub fn polish<R: Response>(curves: &[R], lo: &[f64], hi: &[f64], budget: f64) -> Vec<f64> {
    let c = curves.len();
    let at = |mu: f64| -> Vec<f64> {
        (0..c)
            .map(|i| best_response(&curves[i], lo[i], hi[i], mu))
            .collect()
    };
    // μ from 0 (spend everything useful) upwards; S(μ) is non-increasing.
    let mut mu_hi = curves
        .iter()
        .zip(lo)
        .map(|(r, &l)| r.marginal(l))
        .fold(0.0f64, f64::max)
        .max(1e-12)
        * 2.0
        + 1.0;
    while at(mu_hi).iter().sum::<f64>() > budget && mu_hi < 1e300 {
        mu_hi *= 4.0;
    }
    let mut mu_lo = 0.0;
    let mut x_lo = at(mu_lo); // spends the most
    let mut x_hi = at(mu_hi); // spends the least
    for _ in 0..200 {
        let mid = 0.5 * (mu_lo + mu_hi);
        let x = at(mid);
        if x.iter().sum::<f64>() >= budget {
            mu_lo = mid;
            x_lo = x;
        } else {
            mu_hi = mid;
            x_hi = x;
        }
        if mu_hi - mu_lo <= 1e-15 * mu_hi.max(1e-300) {
            break;
        }
    }
    // Σx_lo ≥ budget ≥ Σx_hi at almost the same μ: take x_hi and hand the remaining budget to
    // the channels that jump between the two, best marginal first.
    let mut x = x_hi;
    let mut left = budget - x.iter().sum::<f64>();
    let mut order: Vec<usize> = (0..c).filter(|&i| x_lo[i] > x[i]).collect();
    order.sort_by(|&a, &b| {
        curves[b]
            .marginal(x[b])
            .total_cmp(&curves[a].marginal(x[a]))
            .then(a.cmp(&b))
    });
    for i in order {
        if left <= 0.0 {
            break;
        }
        let add = (x_lo[i] - x[i]).min(left);
        x[i] += add;
        left -= add;
    }
    fix_sum(&mut x, lo, hi, budget);
    x
}

/// Make `Σ x = budget` exactly (floating point): spread the residual over channels with room.
pub fn fix_sum(x: &mut [f64], lo: &[f64], hi: &[f64], budget: f64) {
    for _ in 0..4 {
        let r = budget - x.iter().sum::<f64>();
        if r.abs() < f64::MIN_POSITIVE {
            return;
        }
        for i in 0..x.len() {
            let room = if r > 0.0 { hi[i] - x[i] } else { x[i] - lo[i] };
            if room > 0.0 {
                let d = r.abs().min(room);
                x[i] += d * r.signum();
                x[i] = x[i].clamp(lo[i], hi[i]);
                break;
            }
        }
    }
}

/// The global optimum for one budget.
pub fn maximize<R: Response>(p: &Problem<R>, budget: f64) -> Vec<f64> {
    let table = budget_table(p, budget);
    // The top grid budget may be unreachable when the budget equals the sum of the upper bounds
    // (bounds are rounded down to whole units); start from the highest reachable one.
    let b = (0..table.len())
        .rev()
        .find(|&b| table.value[b].is_finite())
        .unwrap_or(0);
    let grid = table.allocation(b);
    refine(p, &table, &grid, budget)
}

/// Polish a grid allocation to the exact budget, keeping whichever of the polished and the
/// grid allocation (made exact) is better.
pub fn refine<R: Response>(
    p: &Problem<R>,
    table: &BudgetTable,
    grid: &[f64],
    budget: f64,
) -> Vec<f64> {
    let c = p.curves.len();
    let w = 2.0 * table.step;
    let lo: Vec<f64> = (0..c).map(|i| (grid[i] - w).max(p.lower[i])).collect();
    let hi: Vec<f64> = (0..c).map(|i| (grid[i] + w).min(p.upper[i])).collect();
    let total = |x: &[f64]| {
        x.iter()
            .zip(p.curves)
            .map(|(&v, r)| r.value(v))
            .sum::<f64>()
    };
    let (slo, shi): (f64, f64) = (lo.iter().sum(), hi.iter().sum());
    let mut candidates = Vec::new();
    if slo <= budget && budget <= shi {
        candidates.push(polish(p.curves, &lo, &hi, budget));
    }
    let mut g = grid.to_vec();
    fix_sum(&mut g, p.lower, p.upper, budget);
    if (g.iter().sum::<f64>() - budget).abs() <= 1e-9 * budget.abs().max(1.0) {
        candidates.push(g);
    }
    if candidates.is_empty() {
        // The windows cannot reach the budget (the grid was coarse): polish over the full box.
        candidates.push(polish(p.curves, p.lower, p.upper, budget));
    }
    candidates
        .into_iter()
        .max_by(|a, b| total(a).total_cmp(&total(b)))
        .unwrap_or_default()
}

#[cfg(test)]
// Exact comparisons are intended: bounds and sums are hit exactly by construction.
#[allow(clippy::float_cmp)]
mod tests {
    use super::*;
    use crate::allocate::curve::ResponseCurve;
    use crate::transform::{Adstock, ChannelTransform, Saturation};

    fn hill(coef: f64, alpha: f64, inflexion_spend: f64) -> ResponseCurve {
        let t = ChannelTransform {
            adstock: Adstock::geometric(0.0).unwrap(),
            saturation: Saturation::hill(alpha, inflexion_spend / 1000.0, 1000.0).unwrap(),
            series_len: 52,
        };
        ResponseCurve::new(coef, 1.0, t)
    }

    fn total(curves: &[ResponseCurve], x: &[f64]) -> f64 {
        x.iter().zip(curves).map(|(&v, r)| r.value(v)).sum()
    }

    /// Brute force over a fine grid of two or three channels.
    fn brute(
        curves: &[ResponseCurve],
        lower: &[f64],
        upper: &[f64],
        budget: f64,
        steps: usize,
    ) -> f64 {
        let mut best = f64::NEG_INFINITY;
        let span0 = upper[0] - lower[0];
        for i in 0..=steps {
            let x0 = lower[0] + span0 * i as f64 / steps as f64;
            if curves.len() == 2 {
                let x1 = budget - x0;
                if x1 >= lower[1] - 1e-9 && x1 <= upper[1] + 1e-9 {
                    best = best.max(total(curves, &[x0, x1]));
                }
            } else {
                let span1 = upper[1] - lower[1];
                for j in 0..=steps {
                    let x1 = lower[1] + span1 * j as f64 / steps as f64;
                    let x2 = budget - x0 - x1;
                    if x2 >= lower[2] - 1e-9 && x2 <= upper[2] + 1e-9 {
                        best = best.max(total(curves, &[x0, x1, x2]));
                    }
                }
            }
        }
        best
    }

    #[test]
    fn equal_concave_channels_split_evenly() {
        let curves = vec![hill(100.0, 1.0, 50.0), hill(100.0, 1.0, 50.0)];
        let x = maximize(
            &Problem {
                curves: &curves,
                lower: &[0.0, 0.0],
                upper: &[100.0, 100.0],
            },
            60.0,
        );
        assert!(
            (x[0] - 30.0).abs() < 1e-6 && (x[1] - 30.0).abs() < 1e-6,
            "{x:?}"
        );
        assert_eq!(x[0] + x[1], 60.0);
    }

    #[test]
    fn marginal_returns_are_equal_at_an_interior_optimum() {
        let curves = vec![
            hill(300.0, 1.0, 40.0),
            hill(100.0, 1.0, 60.0),
            hill(200.0, 0.8, 30.0),
        ];
        let x = maximize(
            &Problem {
                curves: &curves,
                lower: &[0.0; 3],
                upper: &[500.0; 3],
            },
            150.0,
        );
        let m: Vec<f64> = x.iter().zip(&curves).map(|(&v, r)| r.marginal(v)).collect();
        for w in m.windows(2) {
            assert!((w[0] - w[1]).abs() <= 1e-6 * w[0], "{m:?} at {x:?}");
        }
    }

    #[test]
    fn s_curves_are_solved_globally_where_gradient_steps_stall_at_zero() {
        // Steep S-curve (α = 4) starting at 0: its slope at 0 is 0, so a local method started at
        // the lower bounds never moves money into it, although all-in on it is far better.
        let curves = vec![hill(1000.0, 4.0, 40.0), hill(150.0, 1.0, 200.0)];
        let lower = [0.0, 0.0];
        let upper = [200.0, 200.0];
        let x = maximize(
            &Problem {
                curves: &curves,
                lower: &lower,
                upper: &upper,
            },
            80.0,
        );
        let v = total(&curves, &x);
        let b = brute(&curves, &lower, &upper, 80.0, 20_000);
        assert!(v >= b - 1e-9 * b, "{v} < brute force {b} at {x:?}");
        assert!(x[0] > 40.0, "the S-curve channel gets the money: {x:?}");
        // A gradient method from the lower bounds: channel 0 has zero slope there.
        assert_eq!(curves[0].marginal(0.0), 0.0);
    }

    #[test]
    fn matches_brute_force_on_random_small_problems() {
        let mut seed = 7u64;
        let mut rand = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        for case in 0..60 {
            let n = 2 + case % 2;
            let curves: Vec<ResponseCurve> = (0..n)
                .map(|_| {
                    hill(
                        50.0 + 500.0 * rand(),
                        0.6 + 3.0 * rand(),
                        10.0 + 90.0 * rand(),
                    )
                })
                .collect();
            let lower: Vec<f64> = (0..n).map(|_| 20.0 * rand()).collect();
            let upper: Vec<f64> = lower.iter().map(|l| l + 50.0 + 150.0 * rand()).collect();
            let (sl, su): (f64, f64) = (lower.iter().sum(), upper.iter().sum());
            let budget = sl + (su - sl) * (0.1 + 0.8 * rand());
            let x = maximize(
                &Problem {
                    curves: &curves,
                    lower: &lower,
                    upper: &upper,
                },
                budget,
            );
            let v = total(&curves, &x);
            let b = brute(
                &curves,
                &lower,
                &upper,
                budget,
                if n == 2 { 40_000 } else { 600 },
            );
            assert!(
                v >= b - 1e-7 * b.abs().max(1.0),
                "case {case}: {v} < brute {b}"
            );
            assert!(
                ((x.iter().sum::<f64>() - budget) / budget).abs() <= 1e-12,
                "case {case}: sum"
            );
            for i in 0..n {
                assert!(x[i] >= lower[i] && x[i] <= upper[i], "case {case}: bounds");
            }
        }
    }

    #[test]
    fn budget_at_the_bounds_is_exact() {
        let curves = vec![hill(100.0, 2.0, 50.0), hill(80.0, 1.0, 30.0)];
        let x = maximize(
            &Problem {
                curves: &curves,
                lower: &[10.0, 5.0],
                upper: &[40.0, 25.0],
            },
            65.0,
        );
        assert_eq!(x, vec![40.0, 25.0]);
        let x = maximize(
            &Problem {
                curves: &curves,
                lower: &[10.0, 5.0],
                upper: &[40.0, 25.0],
            },
            15.0,
        );
        assert_eq!(x, vec![10.0, 5.0]);
    }
}
