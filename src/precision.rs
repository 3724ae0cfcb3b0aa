//! The precision policy: every tolerance the crate and its tests rely on, in one place.

/// Adstock weights below this are treated as zero (they change no result above 1e-12 relative).
pub const WEIGHT_CUTOFF: f64 = 1e-12;

/// Optimality tolerance of the bounded least-squares solver, relative to the gradient's scale.
pub const QP_TOLERANCE: f64 = 1e-11;

/// Budget allocations sum to the budget within this relative error.
pub const BUDGET_SUM_TOLERANCE: f64 = 1e-9;

/// A budget within this share of another is the same budget as typed (the page rounds a budget
/// per period to whole units or three significant digits): a budget that close to what the
/// bounds allow is planned at the bounds' sum, and a plan that close to the current spend is
/// no change of budget.
pub const BUDGET_AS_TYPED: f64 = 1e-3;

/// Largest magnitude of a data value, a media coefficient or a per-period prediction. Nothing
/// measured comes near it, and below it sums, squares and plan totals over any realistic number
/// of periods and channels stay finite (a CSV cell or a model file beyond it is refused).
pub const MAX_MAGNITUDE: f64 = 1e100;

/// Smallest magnitude the largest value of a data column may have (a column of nothing but zeros
/// aside): below it, squares and products of its values vanish to 0 and the fit divides by
/// nothing (spends of 1e-296 were refused as "the same value in every row").
pub const MIN_MAGNITUDE: f64 = 1e-100;

/// Floats are equal within `tol` relative to the larger magnitude (absolute near zero).
pub fn close(a: f64, b: f64, tol: f64) -> bool {
    let scale = a.abs().max(b.abs()).max(1.0);
    (a - b).abs() <= tol * scale
}

/// Test helper: assert [`close`] with a readable message.
#[cfg(test)]
#[track_caller]
pub fn assert_close(a: f64, b: f64, tol: f64) {
    assert!(close(a, b, tol), "{a} != {b} (tolerance {tol})");
}
