//! Ridge regression with per-coefficient sign bounds, solved exactly.
//!
//! The problem is the convex quadratic program
//!
//! ```text
//!     minimize ½ bᵀQb − cᵀb   subject to  b_j ≥ 0 (j ∈ nonneg),  b_j ≤ 0 (j ∈ nonpos)
//! ```
//!
//! with `Q = XᵀX + diag(penalty)` positive definite. It is solved by a primal active-set method
//! (Lawson & Hanson's NNLS, generalized to a quadratic with free and bounded coefficients): keep
//! a set of coefficients held at their bound; solve the equality-constrained problem on the rest
//! with a Cholesky factorization; step back to feasibility when a bounded coefficient crosses its
//! bound; release the bounded coefficient whose gradient most wants to leave its bound; stop when
//! the KKT conditions hold. Each step strictly lowers the objective, so it terminates in finitely
//! many steps at the exact minimizer (up to floating point).
//!
//! **The iteration cap.** In floating point, a nearly degenerate problem could still cycle, so
//! the loops are capped ([`max_steps`]: `10p + 10` releases of a held coefficient, each with at
//! most `p + 1` steps back to feasibility). A solve that reaches the cap has not shown that its
//! point is the minimizer, so it is reported as [`Error::Numerical`] rather than returned as if
//! it were: a search counts that candidate as failed (MODEL.json's `search.failed`), which
//! keeps every reported model an exact fit of its curve parameters.
//!
//! Written by hand: the problems are tiny (≈ 20 coefficients) and solved thousands of times per
//! fit; general conic or QP crates (clarabel, osqp) are interior-point or ADMM methods that return
//! approximate solutions at a much higher cost per call.

use nalgebra::{DMatrix, DVector};

use crate::error::{Error, Result};
use crate::precision::QP_TOLERANCE;

/// The sign constraint of one coefficient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    Free,
    NonNegative,
    NonPositive,
}

/// The active-set method's cap on releases of a held coefficient for `p` coefficients.
pub fn max_steps(p: usize) -> usize {
    10 * p + 10
}

/// Solve the bounded quadratic program above.
///
/// # Errors
/// [`Error::Numerical`] when `Q` is not positive definite on the free coefficients, the
/// inputs are not finite, or the method reaches its iteration cap ([`max_steps`]) without
/// meeting the optimality conditions.
pub fn solve_bounded_qp(
    q: &DMatrix<f64>,
    c: &DVector<f64>,
    bounds: &[Bound],
) -> Result<DVector<f64>> {
    solve_capped(q, c, bounds, max_steps(c.len()))
}

fn solve_capped(
    q: &DMatrix<f64>,
    c: &DVector<f64>,
    bounds: &[Bound],
    max_outer: usize,
) -> Result<DVector<f64>> {
    let p = c.len();
    if q.nrows() != p || q.ncols() != p || bounds.len() != p {
        return Err(Error::Numerical {
            reason: "the problem's dimensions disagree".into(),
        });
    }
    if q.iter().chain(c.iter()).any(|v| !v.is_finite()) {
        return Err(Error::Numerical {
            reason: "a value in the data became infinite".into(),
        });
    }
    // Flip non-positive coefficients so every bound reads b ≥ 0.
    let flip: Vec<f64> = bounds
        .iter()
        .map(|b| if *b == Bound::NonPositive { -1.0 } else { 1.0 })
        .collect();
    let mut qf = q.clone();
    let mut cf = c.clone();
    for i in 0..p {
        cf[i] *= flip[i];
        for j in 0..p {
            qf[(i, j)] *= flip[i] * flip[j];
        }
    }
    let bounded: Vec<bool> = bounds.iter().map(|b| *b != Bound::Free).collect();

    // Most fits need no bound at all: try the unconstrained minimizer first.
    let all: Vec<usize> = (0..p).collect();
    let z = solve_subset(&qf, &cf, &all)?;
    let mut b = if (0..p).all(|j| !bounded[j] || z[j] >= 0.0) {
        z
    } else {
        // Feasible start: bounded coefficients at 0, free ones optimal.
        let free: Vec<usize> = (0..p).filter(|&j| !bounded[j]).collect();
        let mut b = DVector::zeros(p);
        if !free.is_empty() {
            let zf = solve_subset(&qf, &cf, &free)?;
            for &j in &free {
                b[j] = zf[j];
            }
        }
        // Try releasing at once every bounded coefficient the unconstrained solution wants
        // positive; the inner loop below steps back to feasibility if that overshoots.
        let passive: Vec<bool> = (0..p).map(|j| !bounded[j] || z[j] > 0.0).collect();
        active_set_loop(&qf, &cf, &bounded, b.clone(), passive, max_outer)?
    };
    for j in 0..p {
        b[j] *= flip[j];
    }
    Ok(b)
}

fn gradient_scale(q: &DMatrix<f64>, c: &DVector<f64>) -> f64 {
    let qmax = q.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let cmax = c.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    qmax.max(cmax).max(1e-300)
}

fn active_set_loop(
    q: &DMatrix<f64>,
    c: &DVector<f64>,
    bounded: &[bool],
    mut b: DVector<f64>,
    mut passive: Vec<bool>,
    max_outer: usize,
) -> Result<DVector<f64>> {
    let p = c.len();
    let tol = QP_TOLERANCE * gradient_scale(q, c);
    let capped = || Error::Numerical {
        reason: format!(
            "the bounded regression did not reach its optimum within {max_outer} steps"
        ),
    };
    for _ in 0..max_outer {
        // Inner loop: minimize on the passive set, stepping back when a bound is crossed.
        let mut settled = false;
        for _ in 0..(p + 1) {
            let set: Vec<usize> = (0..p).filter(|&j| passive[j]).collect();
            let z = if set.is_empty() {
                DVector::zeros(p)
            } else {
                solve_subset(q, c, &set)?
            };
            let violating: Vec<usize> = set
                .iter()
                .copied()
                .filter(|&j| bounded[j] && z[j] <= 0.0)
                .collect();
            if violating.is_empty() {
                b = z;
                settled = true;
                break;
            }
            // Largest step from b towards z that keeps every bounded coefficient ≥ 0.
            let mut alpha = 1.0f64;
            for &j in &violating {
                let denom = b[j] - z[j];
                if denom > 0.0 {
                    alpha = alpha.min(b[j] / denom);
                }
            }
            for j in 0..p {
                if passive[j] {
                    b[j] += alpha * (z[j] - b[j]);
                }
            }
            for j in 0..p {
                if passive[j] && bounded[j] && b[j] <= tol.min(1e-14) {
                    b[j] = 0.0;
                    passive[j] = false;
                }
            }
            // Violating coefficients that stepped exactly to 0 are now held.
            for &j in &violating {
                if b[j] <= 0.0 {
                    b[j] = 0.0;
                    passive[j] = false;
                }
            }
        }
        if !settled {
            // b is feasible but not the minimizer on its passive set: the KKT test below would
            // not mean optimality.
            return Err(capped());
        }
        // KKT: the negative gradient w = c − Qb must not point into the feasible side of any
        // held coefficient.
        let w = c - q * &b;
        let mut best: Option<(usize, f64)> = None;
        for j in 0..p {
            if !passive[j] && bounded[j] && w[j] > tol && best.is_none_or(|(_, v)| w[j] > v) {
                best = Some((j, w[j]));
            }
        }
        match best {
            None => return Ok(b),
            Some((j, _)) => passive[j] = true,
        }
    }
    // Not reached for a positive definite Q in exact arithmetic: say so rather than return a
    // point not known to be the minimizer.
    Err(capped())
}

/// Minimize on a subset of coefficients (the others held at 0). Returns a full-length vector.
fn solve_subset(q: &DMatrix<f64>, c: &DVector<f64>, set: &[usize]) -> Result<DVector<f64>> {
    let k = set.len();
    let qs = DMatrix::from_fn(k, k, |a, b| q[(set[a], set[b])]);
    let cs = DVector::from_fn(k, |a, _| c[set[a]]);
    let singular = || Error::Numerical {
        reason: "two or more columns are exact copies of each other".into(),
    };
    let diag_max = (0..k).map(|a| qs[(a, a)]).fold(0.0f64, f64::max);
    let chol = qs.cholesky().ok_or_else(singular)?;
    // A pivot this small relative to the diagonal means the columns are linearly dependent to
    // working precision; the "solution" would be noise.
    let l = chol.l_dirty();
    let pivot_min = (0..k)
        .map(|a| l[(a, a)] * l[(a, a)])
        .fold(f64::INFINITY, f64::min);
    if pivot_min.is_nan() || pivot_min <= 1e-13 * diag_max {
        return Err(singular());
    }
    let zs = chol.solve(&cs);
    let mut z = DVector::zeros(c.len());
    for (a, &j) in set.iter().enumerate() {
        z[j] = zs[a];
    }
    if z.iter().any(|v| !v.is_finite()) {
        return Err(Error::Numerical {
            reason: "the solution is not finite".into(),
        });
    }
    Ok(z)
}

/// Ridge regression with an unpenalized, bounded intercept, on columns as given.
///
/// Minimizes `½‖y − b₀ − Xb‖² + ½ Σ_j penalty_j b_j²` subject to the sign bounds. A convenience
/// for tests and small problems; the hyperparameter search builds `Q` and `c` incrementally.
///
/// # Errors
/// [`Error::Numerical`] as for [`solve_bounded_qp`].
pub fn bounded_ridge(
    x: &DMatrix<f64>,
    y: &DVector<f64>,
    penalty: &[f64],
    intercept: Bound,
    bounds: &[Bound],
) -> Result<(f64, DVector<f64>)> {
    let (n, p) = x.shape();
    let mut xa = DMatrix::from_element(n, p + 1, 1.0);
    xa.view_mut((0, 1), (n, p)).copy_from(x);
    let mut q = xa.transpose() * &xa;
    for j in 0..p {
        q[(j + 1, j + 1)] += penalty[j];
    }
    let c = xa.transpose() * y;
    let mut all = vec![intercept];
    all.extend_from_slice(bounds);
    let b = solve_bounded_qp(&q, &c, &all)?;
    Ok((b[0], DVector::from_iterator(p, b.iter().skip(1).copied())))
}

#[cfg(test)]
// Exact comparisons are intended here: the values are exact by construction.
#[allow(clippy::float_cmp)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn objective(q: &DMatrix<f64>, c: &DVector<f64>, b: &DVector<f64>) -> f64 {
        0.5 * (b.transpose() * q * b)[0] - c.dot(b)
    }

    /// Exhaustive reference: try every subset of bounded coefficients held at 0, keep the best
    /// feasible equality-constrained minimizer.
    fn brute_force(q: &DMatrix<f64>, c: &DVector<f64>, bounds: &[Bound]) -> DVector<f64> {
        let p = c.len();
        let bounded: Vec<usize> = (0..p).filter(|&j| bounds[j] != Bound::Free).collect();
        let mut best: Option<(f64, DVector<f64>)> = None;
        for mask in 0..(1u32 << bounded.len()) {
            let held: Vec<usize> = bounded
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, &j)| j)
                .collect();
            let set: Vec<usize> = (0..p).filter(|j| !held.contains(j)).collect();
            let z = if set.is_empty() {
                DVector::zeros(p)
            } else {
                solve_subset(q, c, &set).unwrap()
            };
            let feasible = (0..p).all(|j| match bounds[j] {
                Bound::Free => true,
                Bound::NonNegative => z[j] >= -1e-12,
                Bound::NonPositive => z[j] <= 1e-12,
            });
            if feasible {
                let f = objective(q, c, &z);
                if best.as_ref().is_none_or(|(g, _)| f < *g) {
                    best = Some((f, z));
                }
            }
        }
        best.unwrap().1
    }

    #[test]
    fn unconstrained_ridge_matches_the_closed_form() {
        // y = 1 + 2x exactly, no penalty: intercept 1, slope 2.
        let x = DMatrix::from_column_slice(4, 1, &[0.0, 1.0, 2.0, 3.0]);
        let y = DVector::from_column_slice(&[1.0, 3.0, 5.0, 7.0]);
        let (b0, b) = bounded_ridge(&x, &y, &[0.0], Bound::Free, &[Bound::Free]).unwrap();
        assert!((b0 - 1.0).abs() < 1e-12 && (b[0] - 2.0).abs() < 1e-12);
    }

    #[test]
    fn ridge_penalty_shrinks_by_the_known_factor() {
        // Centered x with Σx² = 5 and penalty 5: slope halves (Σxy / (Σx² + 5)).
        let x = DMatrix::from_column_slice(4, 1, &[-1.5, -0.5, 0.5, 1.5]);
        let y = DVector::from_column_slice(&[-3.0, -1.0, 1.0, 3.0]);
        let (b0, b) = bounded_ridge(&x, &y, &[5.0], Bound::Free, &[Bound::Free]).unwrap();
        assert!(b0.abs() < 1e-12);
        assert!((b[0] - 1.0).abs() < 1e-12, "{}", b[0]);
    }

    #[test]
    fn a_negative_slope_is_held_at_zero_when_bounded() {
        let x = DMatrix::from_column_slice(4, 1, &[0.0, 1.0, 2.0, 3.0]);
        let y = DVector::from_column_slice(&[7.0, 5.0, 3.0, 1.0]);
        let (b0, b) = bounded_ridge(&x, &y, &[0.0], Bound::Free, &[Bound::NonNegative]).unwrap();
        assert_eq!(b[0], 0.0);
        assert!((b0 - 4.0).abs() < 1e-12, "the intercept becomes the mean");
    }

    #[test]
    fn a_nonpositive_bound_holds_a_positive_slope_at_zero() {
        let x = DMatrix::from_column_slice(4, 1, &[0.0, 1.0, 2.0, 3.0]);
        let y = DVector::from_column_slice(&[1.0, 3.0, 5.0, 7.0]);
        let (_, b) = bounded_ridge(&x, &y, &[0.0], Bound::Free, &[Bound::NonPositive]).unwrap();
        assert_eq!(b[0], 0.0);
    }

    #[test]
    fn identical_columns_without_penalty_are_a_numerical_error() {
        let x = DMatrix::from_column_slice(3, 2, &[1.0, 2.0, 3.0, 1.0, 2.0, 3.0]);
        let y = DVector::from_column_slice(&[1.0, 2.0, 4.0]);
        let e = bounded_ridge(
            &x,
            &y,
            &[0.0, 0.0],
            Bound::Free,
            &[Bound::Free, Bound::Free],
        )
        .unwrap_err();
        assert_eq!(e.kind(), "numerical");
    }

    #[test]
    fn reaching_the_iteration_cap_is_reported() {
        // Bounded coefficients whose unconstrained minimizer breaks two bounds: the active-set
        // loop runs. Below the steps it needs, the solver must say it did not finish.
        let q = spd(4, &[0.9, -0.4, 0.3, 1.1, -0.7, 0.2, 0.5, -1.3, 0.8]);
        let c = DVector::from_column_slice(&[1.0, -2.0, 0.5, -1.5]);
        let bounds = [Bound::NonNegative; 4];
        let all = (0..4).collect::<Vec<_>>();
        let z = solve_subset(&q, &c, &all).unwrap();
        assert!(z.iter().filter(|v| **v < 0.0).count() >= 1, "{z}");
        let needed = (0..=max_steps(4))
            .find(|&cap| solve_capped(&q, &c, &bounds, cap).is_ok())
            .unwrap();
        assert!(needed >= 1);
        let e = solve_capped(&q, &c, &bounds, needed - 1).unwrap_err();
        assert_eq!(e.kind(), "numerical");
        assert!(e.to_string().contains("did not reach its optimum"), "{e}");
        assert_eq!(
            solve_capped(&q, &c, &bounds, needed).unwrap(),
            solve_bounded_qp(&q, &c, &bounds).unwrap()
        );
    }

    fn spd(p: usize, seed: &[f64]) -> DMatrix<f64> {
        let a = DMatrix::from_fn(p + 2, p, |i, j| {
            seed[(i * p + j) % seed.len()] + if i == j { 0.5 } else { 0.0 }
        });
        a.transpose() * a + DMatrix::identity(p, p) * 0.05
    }

    proptest! {
        #[test]
        fn matches_exhaustive_search_on_small_problems(
            p in 1usize..6,
            entries in proptest::collection::vec(-2.0f64..2.0, 40),
            cvals in proptest::collection::vec(-5.0f64..5.0, 6),
            kinds in proptest::collection::vec(0u8..3, 6),
        ) {
            let q = spd(p, &entries);
            let c = DVector::from_iterator(p, cvals.iter().take(p).copied());
            let bounds: Vec<Bound> = kinds.iter().take(p).map(|k| match k { 0 => Bound::Free, 1 => Bound::NonNegative, _ => Bound::NonPositive }).collect();
            let b = solve_bounded_qp(&q, &c, &bounds).unwrap();
            let r = brute_force(&q, &c, &bounds);
            let fb = objective(&q, &c, &b);
            let fr = objective(&q, &c, &r);
            prop_assert!(fb <= fr + 1e-9 * (1.0 + fr.abs()), "active set {fb} > exhaustive {fr}");
            for j in 0..p {
                match bounds[j] {
                    Bound::NonNegative => prop_assert!(b[j] >= 0.0),
                    Bound::NonPositive => prop_assert!(b[j] <= 0.0),
                    Bound::Free => {}
                }
                prop_assert!((b[j] - r[j]).abs() < 1e-6 * (1.0 + r[j].abs()));
            }
        }
    }
}
